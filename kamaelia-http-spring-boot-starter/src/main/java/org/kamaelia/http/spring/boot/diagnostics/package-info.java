/**
 * Failure analyzers that turn a Kamaelia HTTP startup failure into Boot's "APPLICATION FAILED TO START" report:
 * what went wrong, naming the {@code kamaelia.http.*} key, and what to do about it.
 */
package org.kamaelia.http.spring.boot.diagnostics;
