/**
 * Micrometer for Kamaelia HTTP servers: the {@code kamaelia.http.*} function meters that read each server's
 * statistics (counted once, in core), and the {@code http.server.requests} observation with its meter handler.
 * Used only with Micrometer on the classpath; knows nothing of the auto-configuration.
 */
package org.kamaelia.http.spring.boot.metrics;
