/**
 * Actuator for Kamaelia HTTP servers: the {@code kamaelia} endpoint, a health indicator per server, the request
 * handler that serves Actuator's web endpoints over a Kamaelia server (with the endpoints it serves and the one place
 * that decides the origin of self links), the post-processor that turns {@code management.server.port} into a
 * Kamaelia server, and the exposure contributor that lets endpoints be exposed without another web server. Used
 * only with Actuator on the classpath; depends on the API package, never on the auto-configuration.
 */
package org.kamaelia.http.spring.boot.actuate;
