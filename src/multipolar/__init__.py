"""multipolar: from reporting on conflicts to the multi-actor system it describes.

The pipeline reads in one direction, and so does this package:
``read`` -> ``resolve`` -> ``coding`` -> ``store`` -> ``analyse`` -> ``show``, with ``forecast``
playing the analysed system forward.
"""

__version__ = "0.1.0"
