"""The Training programs section: the education and training program inventory."""
