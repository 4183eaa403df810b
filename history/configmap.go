package history

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// failureOnly are the keys only FailureData writes: a finished run
// clears the failure keys, so the ConfigMap never shows an old error
// beside new scores.
var failureOnly = []string{"error", "failedAt"}

// Publish writes data into the ConfigMap namespace/name with a JSON merge
// patch: only these keys change (a failed run leaves the last finished
// run's scores), and keys in clear are removed. The ConfigMap must exist
// (deploy/ and the Helm chart create it), so the role needs only patch on
// that one name.
func Publish(ctx context.Context, cs kubernetes.Interface, namespace, name string, data map[string]string, clear []string) error {
	patchData := map[string]any{}
	for _, k := range clear {
		patchData[k] = nil
	}
	for k, v := range data {
		patchData[k] = v
	}
	patch, err := json.Marshal(map[string]any{"data": patchData})
	if err != nil {
		return err
	}
	_, err = cs.CoreV1().ConfigMaps(namespace).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{FieldManager: "kubeassay"})
	if apierrors.IsNotFound(err) {
		return fmt.Errorf("ConfigMap %s/%s does not exist: create it first (deploy/kubeassay.yaml and the Helm chart do)", namespace, name)
	}
	if err != nil {
		return fmt.Errorf("ConfigMap %s/%s: %w", namespace, name, err)
	}
	return nil
}

// PublishSummary writes a finished run's summary, clearing the keys of an
// earlier failure.
func PublishSummary(ctx context.Context, cs kubernetes.Interface, namespace, name string, s Summary) error {
	data, err := s.Data()
	if err != nil {
		return err
	}
	return Publish(ctx, cs, namespace, name, data, failureOnly)
}

// ParseConfigMapRef reads [NAMESPACE/]NAME; namespace is "" when not given.
func ParseConfigMapRef(ref string) (namespace, name string, err error) {
	namespace, name, ok := strings.Cut(ref, "/")
	if !ok {
		namespace, name = "", ref
	}
	if name == "" || strings.Contains(name, "/") || (ok && namespace == "") {
		return "", "", fmt.Errorf("%q: not NAME or NAMESPACE/NAME", ref)
	}
	return namespace, name, nil
}
