// The Application Insights workbook for migrations: progress, throughput, failures (queries in migration-workbook.json).
param location string
param tags object
param applicationInsightsId string
param displayName string

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, applicationInsightsId, 'migrations-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsightsId
    serializedData: loadTextContent('migration-workbook.json')
  }
}

output workbookId string = workbook.id
