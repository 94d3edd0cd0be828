"""Stage 2, analysis: per article, segment the text, split sentences, find quotations and
cited sources, label each sentence A/E/F, match loaded terms and markers, compute features."""
