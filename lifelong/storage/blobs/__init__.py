"""The artifact store: objects every machine can read (genome objects, datasets, checkpoints).

A :class:`BlobStore` is a flat namespace of keys (``genome/objects/<sha256>/adapter_config.json``)
with two backends: a local folder (a shared mount) and an S3-compatible bucket (boto3, imported
only when such a store is opened). Folders travel as *trees* (:mod:`.trees`): their files first,
then a listing with every file's sha256, written last, so a reader never sees half a tree and
checks every byte it fetches.
"""

from lifelong.storage.blobs.base import (
    BlobCorrupted,
    BlobMissing,
    BlobStore,
    BlobStoreError,
    check_key,
)
from lifelong.storage.blobs.local import LocalBlobStore
from lifelong.storage.blobs.trees import (
    TREE_MARKER,
    Tree,
    delete_tree,
    file_sha256,
    get_tree,
    list_trees,
    put_tree,
    read_tree,
    tree_listing,
)
from lifelong.storage.blobs.url import (
    StoreLocation,
    open_blob_store,
    parse_endpoint,
    parse_store_url,
)

__all__ = [
    "TREE_MARKER",
    "BlobCorrupted",
    "BlobMissing",
    "BlobStore",
    "BlobStoreError",
    "LocalBlobStore",
    "StoreLocation",
    "Tree",
    "check_key",
    "delete_tree",
    "file_sha256",
    "get_tree",
    "list_trees",
    "open_blob_store",
    "parse_endpoint",
    "parse_store_url",
    "put_tree",
    "read_tree",
    "tree_listing",
]
