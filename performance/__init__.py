"""The live performance pages for the public: approved figures only, cached by a
fingerprint of the data (``cache.py``); the publication schedule; the wards' maps
drawn as SVG from the areas file the council uploads."""
