"""Communication events, media items, training and integrated plans (issue: outreach)."""
