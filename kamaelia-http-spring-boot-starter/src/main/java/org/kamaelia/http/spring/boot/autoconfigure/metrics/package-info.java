/** Micrometer meters for Kamaelia HTTP servers, fed by core's observer SPI; active only with a MeterRegistry. */
package org.kamaelia.http.spring.boot.autoconfigure.metrics;
