"""Benchmarks of 卡友助手 (`make bench` runs bench.run_all); results in bench/RESULTS.md."""
