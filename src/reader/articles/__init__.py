"""Articles: the model, the parser for the formats we read, the sentence segmenter and the sanitiser."""
