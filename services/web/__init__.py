"""The mall's pages: member H5, merchant back office and counter, ops console (gateway client)."""
