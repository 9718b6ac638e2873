package org.kamaelia.http.spring.boot;

import org.kamaelia.http.observe.HttpObserver;

/**
 * Makes the observer for one named server; beans of this type (such as the Micrometer binding) are all told
 * about every server.
 */
@FunctionalInterface
public interface KamaeliaHttpObserverFactory {
    /** The observer for the server called {@code serverName}. */
    HttpObserver observerFor(String serverName);
}
