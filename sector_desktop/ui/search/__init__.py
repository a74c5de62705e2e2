"""The search box (Ctrl+K / Ctrl+F): one dialog over organizations, contacts and visit notes."""
