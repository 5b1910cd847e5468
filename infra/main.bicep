// Everything `azd up` creates for the migration orchestrator: one resource group, then infra/app/resources.bicep.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; names every resource.')
param environmentName string

@minLength(1)
@description('Azure region of every resource.')
param location string

@description('Object id of the user or pipeline running azd: may set Key Vault secrets and upload specs. Empty to skip.')
param principalId string = ''

@description('Type of principalId.')
@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('Six-field cron for scheduled migrations (e.g. "0 0 2 * * *"); empty leaves the timer function disabled.')
param migrationSchedule string = ''

@description('Optional subnet (delegated to Microsoft.App/environments) for VNet integration, to reach sources on private networks.')
param virtualNetworkSubnetId string = ''

@secure()
@description('Optional source connection string stored as the Key Vault secret "legacy-connection-string"; or set the secret later.')
param legacyConnectionString string = ''

@description('Extensions the target PostgreSQL may create (azure.extensions): pgvector, TimescaleDB (time-series rules with "engine": "timescaledb"), plus what legacy PostgreSQL sources commonly use.')
param postgresExtensions array = ['VECTOR', 'TIMESCALEDB', 'PG_TRGM', 'PGCRYPTO', 'UUID-OSSP', 'HSTORE', 'CITEXT', 'BTREE_GIN', 'BTREE_GIST', 'LTREE']

@description('Libraries the target PostgreSQL loads at start (shared_preload_libraries): Azure\'s defaults plus TimescaleDB, which must be preloaded. A change takes effect after a server restart.')
param postgresPreloadLibraries array = ['pg_cron', 'pg_stat_statements', 'timescaledb']

@description('Target PostgreSQL compute (General Purpose, 2 vCores by default).')
param postgresSkuName string = 'Standard_D2ds_v5'

var tags = { 'azd-env-name': environmentName }

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'app/resources.bicep' = {
  name: 'resources'
  scope: group
  params: {
    environmentName: environmentName
    location: location
    tags: tags
    principalId: principalId
    principalType: principalType
    migrationSchedule: migrationSchedule
    virtualNetworkSubnetId: virtualNetworkSubnetId
    legacyConnectionString: legacyConnectionString
    postgresExtensions: postgresExtensions
    postgresPreloadLibraries: postgresPreloadLibraries
    postgresSkuName: postgresSkuName
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_FUNCTION_URL string = resources.outputs.functionAppUrl
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output AZURE_STORAGE_BLOB_ENDPOINT string = resources.outputs.blobEndpoint
output AZURE_POSTGRES_HOST string = resources.outputs.postgresHost
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = resources.outputs.identityClientId
output AZURE_MANAGED_IDENTITY_NAME string = resources.outputs.identityName
output APPLICATIONINSIGHTS_NAME string = resources.outputs.applicationInsightsName
output DURABLE_TASK_HUB_NAME string = resources.outputs.taskHubName
