// Validates every object of a JSON array (stdin) with the npm package
// kubernetes-models, which checks enum values (a restartPolicy, a
// pathType) that kubernetes-validate does not. Prints one line a problem;
// exits 1 if there is any. NODE_PATH must reach kubernetes-models.
const input = require("fs").readFileSync(0, "utf8");
const objects = JSON.parse(input);
let failed = 0;
for (const object of objects) {
  const [group, version] = object.apiVersion.includes("/")
    ? object.apiVersion.split("/")
    : [null, object.apiVersion];
  // The Gateway API's custom resources have their own package.
  const package_ = group === "gateway.networking.k8s.io" ? "@kubernetes-models/gateway-api" : "kubernetes-models";
  const path = group ? `${package_}/${group}/${version}/${object.kind}` : `${package_}/${version}/${object.kind}`;
  let Model;
  try {
    Model = require(path)[object.kind];
  } catch (error) {
    console.log(`${object.kind} ${object.metadata.name}: no model at ${path}`);
    failed += 1;
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    console.log(`${object.kind} ${object.metadata.name}: ${error.message}`);
    failed += 1;
  }
}
process.exit(failed ? 1 : 0);
