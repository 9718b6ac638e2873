package org.kamaelia.http.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Holds repeated {@link KamaeliaRoute} annotations; write {@code @KamaeliaRoute} twice rather than this. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KamaeliaRoutes {

    /** The routes. */
    KamaeliaRoute[] value();
}
