"""A service's copy of each merchant's standing, kept from merchant.* snapshot events.

`model` holds the pure rules (which snapshot wins, who may sell or redeem); `projection`
the table, its reads and writes, and the consumer handlers. Catalog and voucher use both.
"""
