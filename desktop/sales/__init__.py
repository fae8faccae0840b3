"""Selling: money, price lists, proposal totals (Qt-free, no database)."""
