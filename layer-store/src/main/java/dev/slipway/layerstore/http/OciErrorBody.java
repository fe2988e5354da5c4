package dev.slipway.layerstore.http;

import java.util.List;
import java.util.Map;

/**
 * The error body of the distribution spec: {@code {"errors":[{"code","message","detail"}]}}.
 *
 * @param errors the errors, usually one
 */
record OciErrorBody(List<Entry> errors) {

    /** Copies the list. */
    OciErrorBody {
        errors = List.copyOf(errors);
    }

    /**
     * @param code    spec error code
     * @param message explanation
     * @param detail  structured detail
     * @return a body with that one error
     */
    static OciErrorBody of(String code, String message, Map<String, Object> detail) {
        return new OciErrorBody(List.of(new Entry(code, message, detail)));
    }

    /**
     * One error.
     *
     * @param code    spec error code
     * @param message explanation
     * @param detail  structured detail (an empty object when there is none)
     */
    record Entry(String code, String message, Map<String, Object> detail) {

        /** Copies the detail. */
        Entry {
            detail = Map.copyOf(detail);
        }
    }
}
