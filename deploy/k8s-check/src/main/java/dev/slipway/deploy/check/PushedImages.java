package dev.slipway.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.InvalidReferenceException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Holds an overlay to the images an image build pushed (what {@code ./slipway images --list} prints): every container
 * of every workload runs one of them, and each of them is run by some container. A manifest naming an image nobody
 * pushed would leave its pods in {@code ImagePullBackOff} on the cluster; here it is a violation.
 */
public final class PushedImages {
    private PushedImages() {
    }

    /**
     * @param manifests a rendered overlay
     * @param pushed    the references the image build pushed, e.g. {@code 127.0.0.1:5000/slipway/api-gateway:0.1.0}
     * @return a violation per container image outside {@code pushed} and per pushed image no container runs
     */
    public static List<Violation> compare(RenderedManifests manifests, List<ImageReference> pushed) {
        List<Violation> out = new ArrayList<>();
        Set<ImageReference> run = new LinkedHashSet<>();
        for (Pods.Workload w : Pods.workloads(manifests)) {
            for (JsonNode c : w.podSpec().path("containers")) {
                String image = c.path("image").asText();
                try {
                    ImageReference ref = ImageReference.parse(image);
                    run.add(ref);
                    if (!pushed.contains(ref)) {
                        out.add(new Violation(w.owner().id(), "runs image " + image + ", which the image build did"
                                + " not push (it pushed " + pushed + ")"));
                    }
                } catch (InvalidReferenceException e) {
                    out.add(new Violation(w.owner().id(), "has no valid image reference: " + e.getMessage()));
                }
            }
        }
        for (ImageReference ref : pushed) {
            if (!run.contains(ref)) {
                out.add(new Violation(manifests.source(), "no workload runs the pushed image " + ref));
            }
        }
        return out;
    }
}
