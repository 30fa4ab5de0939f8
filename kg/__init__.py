"""fupin-kg: a knowledge graph of Chinese poverty-alleviation news."""
