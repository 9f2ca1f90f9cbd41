"""The search stage: BM25 over the sentences' terms, the reranker's features, and the index saved next to the texts."""
