"""The national warehouse: the only package that knows SQL and DDL."""
