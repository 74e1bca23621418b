// Everything is in include/CPlatform.h; SwiftPM needs one source file for a C target.
