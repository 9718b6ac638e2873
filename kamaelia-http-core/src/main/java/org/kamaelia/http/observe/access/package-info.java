/**
 * The access log: one line per exchange, as Tomcat's and Netty's access logs write them, in the Common or Combined
 * Log Format, as JSON, or in a pattern of the usual fields.
 *
 * <pre>{@code
 * HttpServer.builder()
 *         .accessLog(AccessLog.combined())   // to the System.Logger "org.kamaelia.http.access"
 *         ...
 * }</pre>
 *
 * <p>How it works: {@link org.kamaelia.http.observe.access.AccessLogWriter} is an observer of the server. On the
 * event loop it only gathers what the line needs into an immutable {@link
 * org.kamaelia.http.observe.access.AccessLogEntry} and offers it to a bounded queue; one background thread formats
 * the entries and hands the lines to an {@link org.kamaelia.http.observe.access.AccessLogSink}. When the queue is
 * full the line is dropped and counted, so a slow log never slows or grows the server. The server's stop writes
 * what is queued and stops the thread.
 *
 * <p>Depends on {@code org.kamaelia.http.message}, {@code org.kamaelia.http.net}, {@code org.kamaelia.http.handler}
 * (to see each request's head as its handler is chosen) and {@code org.kamaelia.http.observe} only
 * (ArchitectureTest); nothing outside the JDK.
 */
package org.kamaelia.http.observe.access;
