"""The domain layer: what a record is and the rules it obeys.

Schema (the one definition of each synced entity's fields), the wire form of
those fields, enums, money, pricing, approvals, proposal states and the order
flow. Plain values and rules: no database session, no service, no Qt. The
client's store and services build on it, and so does the server.
"""
