"""Shared plumbing for the commune-cadre pipeline: settings, text folding, CLI, demo data."""
