"""The genome: versioned layer store, LRU adapter cache, base models."""
