"""The rules as data: every word list, cue and name the stages read, in YAML, each entry
commented with the codebook rule it follows."""
