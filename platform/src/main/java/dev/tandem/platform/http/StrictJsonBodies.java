package dev.tandem.platform.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;

/**
 * Every JSON request body ({@code application/json} or {@code *+json}, e.g. a merge patch) is read through
 * {@link StrictJsonInput}: invalid UTF-8, escaped NULs and lone surrogates, and numbers beyond a double's range are
 * refused as the bytes arrive, before anything is stored. Other bodies (CSV) are left to their endpoint.
 */
@Provider
public class StrictJsonBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (isJson(context.getMediaType())) {
            context.setInputStream(new StrictJsonInput(context.getInputStream()));
        }
        return context.proceed();
    }

    static boolean isJson(MediaType type) {
        return type != null && "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype()) || type.getSubtype().toLowerCase().endsWith("+json"));
    }
}
