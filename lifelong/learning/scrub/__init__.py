"""Scrubbing before anything leaves the store: secrets and personal data become typed
placeholders, and conversations that attack the persona are dropped.

:mod:`~lifelong.learning.scrub.scrubber` puts the finders together (and says what each finds);
:mod:`~lifelong.learning.scrub.credentials`, :mod:`~lifelong.learning.scrub.services` and
:mod:`~lifelong.learning.scrub.spoken` find secrets, :mod:`~lifelong.learning.scrub.personal`,
:mod:`~lifelong.learning.scrub.identifiers` (with :mod:`~lifelong.learning.scrub.documents`
and :mod:`~lifelong.learning.scrub.addresses`) personal data, with the
:class:`~lifelong.learning.scrub.rules.Rule` of one regex where one will do.
"""

from lifelong.learning.scrub.scrubber import DEFAULT_PHONE_REGIONS, Scrubber, looks_like_injection

__all__ = ["DEFAULT_PHONE_REGIONS", "Scrubber", "looks_like_injection"]
