"""Adapters: one package per platform, translating its payloads to core calls and back."""
