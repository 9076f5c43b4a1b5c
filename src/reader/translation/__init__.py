"""Translation: engines through deep-translator, sentence-aligned chunking, memory, failures survived."""
