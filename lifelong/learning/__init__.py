"""Learning signals: scoring, trait routing, datasets, triggers, evaluation, reports."""
