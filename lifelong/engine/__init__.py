"""The inference engine: base models, the LRU adapter cache (a torch-free policy plus peft
slots), batched multi-adapter decoding, serving backends and merging. It reads the genome
(versions, artifacts, rollout); the genome never imports the engine."""
