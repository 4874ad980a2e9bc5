"""mallctl: the ops command line of the union's mall (seed, tokens, caches, dead letters)."""
