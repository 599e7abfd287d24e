package dev.tandem.k8s;

/** Kubernetes quantities in bytes, for comparisons. */
final class Quantities {

    private Quantities() {
    }

    static long bytes(String quantity) {
        return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                new io.fabric8.kubernetes.api.model.Quantity(quantity)).longValue();
    }
}
