"""Benchmarks: `make bench`. Each module has ``main()`` and prints its figures as ratios against a
floor (or a peer) measured in the same run. Not tests: nothing here fails a build."""
