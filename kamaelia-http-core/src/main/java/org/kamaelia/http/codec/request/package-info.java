/**
 * Request decoding: {@link org.kamaelia.http.codec.request.RequestDecoder} turns bytes into request parts, with
 * no I/O, no threads and no components, under the limits of {@link org.kamaelia.http.codec.request.DecoderLimits}.
 * Its package-private parts parse the request line, the field sections, the request target and chunked bodies, and
 * judge the framing fields; each is tested on its own.
 *
 * <p>Depends on {@code org.kamaelia.http.message} and the JDK only (ArchitectureTest); the component that feeds it
 * is {@link org.kamaelia.http.protocol.HttpParser}.
 */
package org.kamaelia.http.codec.request;
