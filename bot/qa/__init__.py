"""The answer stage: a question becomes quoted passages with references, highlights and a confidence, or a refusal."""
