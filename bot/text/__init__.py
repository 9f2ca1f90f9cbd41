"""The text stage: a text file becomes a document (metadata, sections, paragraphs, sentences) and Russian terms."""
