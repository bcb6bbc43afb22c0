// The real-model tier's ONNX files (CLIP, the captioner, the query rewriter: ~1-2 GB) on an Azure Files share that the
// Function App mounts at /mounts/models and reads in place, as Microsoft recommends for large files on Flex
// Consumption: no copy at cold start, one copy for every instance. A storage mount authenticates with the account key
// (Azure Files mounts on App Service/Functions have no Entra ID option), so the share lives in an account of its own
// that holds nothing else; the app's data account keeps shared keys off.

@description('Storage account name for the model share: 3-24 lower-case letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

param location string

param tags object

@description('File share holding one folder per model (clip-vit-base-patch32/, vit-gpt2-image-captioning/, distilgpt2/).')
param shareName string

@description('Share size limit in GiB (the pinned exports take about 2 GiB).')
@minValue(1)
@maxValue(5120)
param shareQuotaGiB int = 16

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    // Required by the SMB mount (account key); nothing but model files is in this account.
    allowSharedKeyAccess: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource share 'Microsoft.Storage/storageAccounts/fileServices/shares@2025-01-01' = {
  parent: fileService
  name: shareName
  properties: {
    shareQuota: shareQuotaGiB
    enabledProtocols: 'SMB'
    accessTier: 'TransactionOptimized'
  }
}

output accountName string = account.name

output shareName string = share.name
