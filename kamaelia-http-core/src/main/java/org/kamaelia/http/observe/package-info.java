/**
 * The observer SPI: what the server reports about connections, requests, parse errors, backpressure and
 * timeouts, for metrics and logs. The Spring Boot starter turns it into Micrometer meters.
 *
 * <p>Depends on {@code org.kamaelia.http.message}, {@code org.kamaelia.http.net} and, for the TLS outcome it counts,
 * {@code org.kamaelia.http.tls} only (ArchitectureTest).
 */
package org.kamaelia.http.observe;
