// Target PostgreSQL: the app's identity as Entra administrator; allowed extensions and bulk-load parameters.
param serverName string
param administratorObjectId string
param administratorName string
param extensions array
param preloadLibraries array

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' existing = {
  name: serverName
}

resource administrator 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: postgres
  name: administratorObjectId
  properties: {
    principalName: administratorName
    principalType: 'ServicePrincipal'
    tenantId: tenant().tenantId
  }
}

// azure.extensions: what the migration may CREATE EXTENSION (it mirrors the source's). shared_preload_libraries: TimescaleDB
// must be loaded at start (a static parameter: it applies after a restart). The rest favour bulk loading:
// fewer checkpoints while COPY runs, more memory and workers for the index builds of Finalize.
var parameters = [
  { name: 'azure.extensions', value: join(extensions, ',') }
  { name: 'shared_preload_libraries', value: join(preloadLibraries, ',') }
  { name: 'max_wal_size', value: '8192' }
  { name: 'checkpoint_timeout', value: '1800' }
  { name: 'maintenance_work_mem', value: '1048576' }
  { name: 'max_parallel_maintenance_workers', value: '4' }
  { name: 'wal_compression', value: 'on' }
]

// The server takes one configuration change at a time.
@batchSize(1)
resource configuration 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = [for p in parameters: {
  parent: postgres
  name: p.name
  properties: {
    value: p.value
    source: 'user-override'
  }
  dependsOn: [administrator]
}]
