"""The genome: the versioned layer store, its content-addressed artifacts, and rollout (which
version answers). Loading and serving layers is the engine's work (:mod:`lifelong.engine`)."""
