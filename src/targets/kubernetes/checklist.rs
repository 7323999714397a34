//! CHECKLIST.md for a cluster: namespace, storage, the edge, how to apply.

use {
  crate::{
    config::kubernetes::Edge,
    model::deployment::Deployment,
    targets::{
      kubernetes::storage::Storage,
      shared::checklist::{self, Checklist},
    },
  },
  std::fmt::Write,
};

pub fn render(
  deployment: &Deployment<'_>,
  stack_file: &str,
  namespace: &str,
  storage: &Storage,
) -> Result<String, String> {
  let config = &deployment.model.config.targets.kubernetes;
  let mut list = Checklist::new(deployment, stack_file);
  let output = list.section("Cluster");
  let _ = writeln!(
    output,
    "- [ ] Everything goes into the namespace `{namespace}` (`namespace.yaml` creates it)."
  );
  match &config.storage_class {
    Some(class) => {
      let _ = writeln!(output, "- [ ] The StorageClass `{class}` exists (`kubectl get storageclass {class}`).");
    }
    None => output.push_str("- [ ] The cluster has a default StorageClass (`kubectl get storageclass`); every claim uses it.\n"),
  }
  let shared = storage.shared();
  if !shared.is_empty() {
    output.push_str("- [ ] These volumes are mounted by more than one workload and are claimed ReadWriteMany, which the storage class must offer (NFS, CephFS, Longhorn…):\n");
    for (volume, users) in shared {
      let _ = writeln!(output, "  - `{volume}`: {}", users.join(", "));
    }
  }
  output.push('\n');
  let output = list.section("Edge");
  match config.edge() {
    Edge::Caddy => {
      let _ = writeln!(
        output,
        "Caddy receives the web traffic, as with compose, through the LoadBalancer Service `caddy` (ports 80 and 443), and keeps its certificates on its volume. Point the DNS records below at that Service's external address (`kubectl -n {namespace} get service caddy`).\n"
      );
    }
    Edge::Ingress => {
      let _ = writeln!(
        output,
        "One Ingress per host, of the class `{}`, with certificates from cert-manager's ClusterIssuer `{}`: both must exist. Caddy's CORS and security headers are not carried over; set them in the ingress controller. Point the DNS records below at the ingress controller's address.\n",
        config
          .ingress_class
          .as_deref()
          .unwrap_or("(the cluster's default)"),
        config
          .cluster_issuer
          .as_deref()
          .unwrap_or(crate::config::kubernetes::KubernetesConfig::DEFAULT_CLUSTER_ISSUER)
      );
    }
    Edge::Gateway => {
      let (gateway_namespace, gateway) = config.gateway();
      let _ = writeln!(
        output,
        "One Gateway API HTTPRoute per host, attached to the Gateway `{gateway}` in the namespace `{}`, which must exist, terminate TLS for these hosts and allow routes from `{namespace}`. Caddy's CORS and security headers are not carried over; set them on the Gateway. Point the DNS records below at the Gateway's address.\n",
        gateway_namespace.unwrap_or(namespace)
      );
    }
  }
  checklist::dns_records(deployment, list.section("DNS records"));
  checklist::secrets(deployment, "kubectl apply -k", list.section("Secrets"));
  if deployment.model.config.orchestratai.is_some() {
    let output = list.section("Build OrchestratAI's images");
    checklist::orchestratai_images(deployment, output);
    output.push_str("- [ ] Push them to a registry the cluster pulls from, and set `backend_image` / `frontend_image`.\n\n");
  }
  let output = list.section("Apply");
  let _ = write!(
    output,
    "```sh\nkubectl apply -k .\nkubectl -n {namespace} get pods\n```\n\n`secrets/*.env` (mode 0600, never committed) become Secrets and the scripts and Caddyfile ConfigMaps, each named with a hash of its contents, so that a change rolls the pods that use it. The provisioning Job runs again on every apply and is deleted once done; backups run daily as CronJobs (`kubectl -n {namespace} create job --from=cronjob/postgresql-backup backup-now` dumps now).\n\nCommands below written for docker compose (`docker compose exec SERVICE …`) become `kubectl -n {namespace} exec deploy/SERVICE -- …` (`statefulset/SERVICE` for the data stores).\n\n"
  );
  checklist::services(deployment, list.section("Services"));
  checklist::first_login(deployment, list.section("First login"))?;
  checklist::backups(deployment, list.section("Backups"));
  list.section("What this does not do").push_str("- The data stores run one replica each: a StatefulSet is not high availability. For replicated PostgreSQL use an operator such as CloudNativePG; for MongoDB and Redis, their own operators.\n- The Job that provisions databases runs on every apply; a change to it while one still runs is refused by the API server (Jobs are immutable): apply again once it is done.\n\n");
  checklist::diagram(deployment, list.section("Diagram"));
  Ok(list.finish())
}
