"""Training: the models claimtrace ships, rebuilt from PolNeAR by ``claimtrace train``."""
