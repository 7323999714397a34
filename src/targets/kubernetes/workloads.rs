//! Each compose container as the workload that runs it the same way: a
//! data store as a StatefulSet, an app as a Deployment (`Recreate` when it
//! mounts a volume: a ReadWriteOnce claim cannot be mounted by the old pod
//! and the new one at once), the provisioning job as a Job that every
//! `kubectl apply -k` runs again, as compose's every `up` does, and the
//! backup job as a daily CronJob.

use {
  crate::{
    model::databases::jobs,
    model::deployment::{Container, Deployment, MountSource, Restart},
    targets::kubernetes::{
      names,
      object::object,
      pod,
      storage::{Storage, is_data_store},
    },
  },
  k8s_openapi::{
    api::{
      apps::v1::{
        Deployment as KubeDeployment, DeploymentSpec, DeploymentStrategy, StatefulSet,
        StatefulSetSpec,
      },
      batch::v1::{CronJob, CronJobSpec, Job, JobSpec, JobTemplateSpec},
      core::v1::{EnvVar, PodTemplateSpec},
    },
    apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta},
  },
  serde_json::Value,
};

/// When the backup CronJob runs: daily, early morning in the stack's zone.
pub const BACKUP_SCHEDULE: &str = "30 3 * * *";

fn metadata(deployment: &Deployment<'_>, container: &Container) -> ObjectMeta {
  ObjectMeta {
    name: Some(names::dns_label(&container.name)),
    labels: Some(names::labels(&deployment.name, &container.name)),
    ..ObjectMeta::default()
  }
}

fn selector(deployment: &Deployment<'_>, container: &Container) -> LabelSelector {
  LabelSelector {
    match_labels: Some(names::selector(&deployment.name, &container.name)),
    ..LabelSelector::default()
  }
}

/// A pod that ends when its work is done, retried on failure.
fn run_once(mut template: PodTemplateSpec) -> PodTemplateSpec {
  if let Some(spec) = &mut template.spec {
    spec.restart_policy = Some("OnFailure".into());
  }
  template
}

pub fn is_job(container: &Container) -> bool {
  container.restart == Restart::No || jobs::is_backup_job(&container.name)
}

/// The workload of `container`, as a JSON object.
pub fn workload(deployment: &Deployment<'_>, container: &Container, storage: &Storage) -> Value {
  let template = pod::template(deployment, container, storage);
  if jobs::is_backup_job(&container.name) {
    let mut template = run_once(template);
    if let Some(spec) = &mut template.spec {
      for pod_container in &mut spec.containers {
        // The backup script dumps once and exits instead of looping.
        pod_container.env.get_or_insert_default().push(EnvVar {
          name: "BACKUP_ONCE".into(),
          value: Some("1".into()),
          ..EnvVar::default()
        });
      }
    }
    return object(CronJob {
      metadata: metadata(deployment, container),
      spec: Some(CronJobSpec {
        schedule: BACKUP_SCHEDULE.into(),
        time_zone: Some(deployment.model.timezone().to_owned()),
        concurrency_policy: Some("Forbid".into()),
        job_template: JobTemplateSpec {
          metadata: None,
          spec: Some(JobSpec {
            backoff_limit: Some(3),
            template,
            ..JobSpec::default()
          }),
        },
        ..CronJobSpec::default()
      }),
      ..CronJob::default()
    });
  }
  if container.restart == Restart::No {
    return object(Job {
      metadata: metadata(deployment, container),
      spec: Some(JobSpec {
        // Until the server accepts it: compose waited for it to be healthy.
        backoff_limit: Some(20),
        // Deleted once done, so that the next apply runs it again.
        ttl_seconds_after_finished: Some(0),
        template: run_once(template),
        ..JobSpec::default()
      }),
      ..Job::default()
    });
  }
  if is_data_store(&container.name) {
    let claims = container
      .mounts
      .iter()
      .filter_map(|mount| match &mount.source {
        MountSource::Volume(volume) if storage.is_templated(volume) => {
          Some(storage.claim(deployment, volume))
        }
        _ => None,
      })
      .map(|mut claim| {
        claim.metadata.labels = None;
        claim
      })
      .collect::<Vec<_>>();
    return object(StatefulSet {
      metadata: metadata(deployment, container),
      spec: Some(StatefulSetSpec {
        replicas: Some(1),
        service_name: Some(names::dns_label(&container.name)),
        selector: selector(deployment, container),
        template,
        volume_claim_templates: (!claims.is_empty()).then_some(claims),
        ..StatefulSetSpec::default()
      }),
      ..StatefulSet::default()
    });
  }
  let mounts_volume = container.volumes().next().is_some();
  let replicas = deployment.replicas(container);
  object(KubeDeployment {
    metadata: metadata(deployment, container),
    spec: Some(DeploymentSpec {
      replicas: Some(replicas as i32),
      selector: selector(deployment, container),
      strategy: mounts_volume.then(|| DeploymentStrategy {
        type_: Some("Recreate".into()),
        ..DeploymentStrategy::default()
      }),
      template,
      ..DeploymentSpec::default()
    }),
    ..KubeDeployment::default()
  })
}
