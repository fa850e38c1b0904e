"""Trainer providers: local PEFT, OpenAI, DeepSeek / OpenAI-compatible, failover, cost."""
