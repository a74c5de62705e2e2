"""Domain operations without Qt: visits, action items, imports, exports, search, metrics."""
