"""reportlab documents built from plain data that services assemble; this layer never queries."""
