package org.kamaelia.http.message;

/**
 * What a handler sends for each response, in order: one {@link ResponseHead} (after any interim 1xx heads),
 * zero or more {@link ByteChunk}s, then one {@link EndOfResponse}.
 */
public sealed interface ResponsePart permits ResponseHead, ByteChunk, EndOfResponse {}
